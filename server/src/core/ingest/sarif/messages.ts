import type { Message, MultiformatMessageString } from 'sarif';
import { asArray, asObject, asString, ownValue } from './json';
import type { RuleDescriptor } from './rules';

/** Longest title kept; longer first lines are cut with an ellipsis. */
const maxTitleLength = 200;

/**
 * The plain text of a SARIF message: its `text`, else the rule's `messageStrings[id]`, with `{n}` placeholders
 * filled from `arguments` and embedded location links (`[user-provided value](1)`) reduced to their text.
 */
export function messageText(value: unknown, rule?: RuleDescriptor): string | undefined {
  const message = asObject<Message>(value);
  const id = asString(message?.id);
  const template = asString(message?.text) ?? (id !== undefined ? multiformatText(ownValue(rule?.messageStrings, id)) : undefined);
  if (template === undefined) {
    return undefined;
  }
  const args = asArray(message?.arguments);
  const filled = template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const argument = args[Number(index)];
    return typeof argument === 'string' || typeof argument === 'number' ? String(argument) : placeholder;
  });
  return filled.replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(\d+\)/g, '$1').replace(/\\([[\]])/g, '$1').trim() || undefined;
}

/** The `text` of a multiformat message string (rule descriptions, help), else undefined. */
export function multiformatText(value: unknown): string | undefined {
  return asString(asObject<MultiformatMessageString>(value)?.text)?.trim() || undefined;
}

/**
 * A title from a text: its first non-empty line, cut to its first sentence when more follow (Semgrep messages are
 * one long paragraph), then to a title length.
 */
export function titleLine(text: string | undefined): string | undefined {
  const line = text
    ?.split(/\r?\n/)
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate.length > 0);
  const sentence = line !== undefined ? (/^(.{10,}?[.!?])\s+\S/.exec(line)?.[1] ?? line) : undefined;
  return sentence !== undefined && sentence.length > maxTitleLength ? `${sentence.slice(0, maxTitleLength - 1)}…` : sentence;
}
