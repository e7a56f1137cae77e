// Calls on values that come from imports (issue 8): each `expect-call:` comment states the calls of the next line as
// server/src/test/annotations.ts describeCall writes them: `Sanitizer.clean` (an instance of the imported class),
// `lib.Sanitizer.clean` (an instance of a class of a namespace import), `lib.create().clean` (what a package
// function returns), `y.load via f` (another name for a binding or one of its members), `?.clean×N` (receivers of
// unknown type, one fact per method name and file, at the first call).
// expect: @acme-fixtures/sanitizer import [Sanitizer=Sanitizer]
import { Sanitizer } from '@acme-fixtures/sanitizer';
// expect: @acme-fixtures/sanitizer import [lib=*]
import * as lib from '@acme-fixtures/sanitizer';
// expect: js-yaml require [y=*]
const y = require('js-yaml');
// expect: js-yaml require [load=load]
const { load } = require('js-yaml');
// expect: none
import * as path from 'node:path';

// expect-call: Sanitizer
const shared = new Sanitizer();
// expect-call: Sanitizer.clean
shared.clean('<b>');
// expect-call: lib.Sanitizer, lib.Sanitizer.clean
new lib.Sanitizer().clean('<i>');
// expect-call: lib.create, lib.create().clean
lib.create().clean('<u>');
const f = y.load;
// expect-call: y.load via f
f('a: 1');
const { dump } = y;
// expect-call: y.dump via dump
dump({});
// expect-call: load
load('b: 2');
const again = y;
// expect-call: y.safeLoad via again
again.safeLoad('c: 3');
// expect-call: none
path.join('a', 'b');

class Page {
  private readonly sanitizer: Sanitizer;
  // expect-call: lib.Sanitizer
  private other = new lib.Sanitizer();

  constructor(private readonly injected: lib.Sanitizer) {
    // expect-call: Sanitizer
    this.sanitizer = new Sanitizer();
  }

  render(html: string): string {
    // expect-call: Sanitizer.clean, lib.Sanitizer.clean, lib.Sanitizer.clean
    return this.sanitizer.clean(html) + this.other.clean(html) + this.injected.clean(html);
  }
}

// expect-call: Sanitizer.clean
const run = (s: Sanitizer) => s.clean('<p>');

function opaque(x, maybe?: Sanitizer | undefined) {
  // expect-call: ?.clean×2
  x.clean('<a>');
  // expect-call: Sanitizer.clean
  maybe!.clean('<s>');
  // expect-call: Sanitizer.clean
  (x as Sanitizer).clean('<q>');
  // expect-call: none
  new Page(x).render('<x>');
  // expect-call: none
  console.log(JSON.stringify(x));
  // expect-call: none
  const page = new Page(x);
  // expect-call: none
  page.render('<y>');
  // expect-call: none
  helper().clean('<z>');
}

function helper(): unknown {
  return undefined;
}

export const used = [run, opaque, Page];
