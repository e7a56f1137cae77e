import { strict as assert } from 'node:assert';
import { protectedPathReason } from './editablePath';

// Regression tests for issue 13 §1: a scanner fix wrote .git/config (core.fsmonitor) and .vscode/settings.json.
suite('core/fixes/editablePath', () => {
  test('ordinary repository files may be edited', () => {
    const valid = [
      'package.json',
      'src/routes/products.ts',
      'lib/db.js',
      'deploy/k8s.yaml',
      '.github/dependabot.yml',
      'docs/.gitkeep',
      'src/git/config.ts',
      'vscode/settings.json',
      'a/b/c/d/e/f.py',
      'Dockerfile',
      'naïve/ünïcode.ts',
    ];
    for (const path of valid) {
      assert.equal(protectedPathReason(path), undefined, path);
    }
  });

  test('hostile paths are refused, whatever trick they use', () => {
    const invalid: [string, RegExp][] = [
      ['.git/config', /inside \.git/],
      ['.git', /inside \.git/],
      ['.git/hooks/pre-commit', /inside \.git/],
      ['vendor/lib/.git/config', /inside \.git/],
      ['.GIT/config', /inside \.git/],
      ['.Git/HOOKS/post-checkout', /inside \.git/],
      ['.vscode/settings.json', /inside \.vscode/],
      ['.vscode/tasks.json', /inside \.vscode/],
      ['packages/app/.VSCode/launch.json', /inside \.vscode/],
      ['.github/workflows/ci.yml', /inside \.github\/workflows/],
      ['.GitHub/Workflows/release.yaml', /inside \.github\/workflows/],
      ['.github/actions/setup/action.yml', /inside \.github\/actions/],
      ['.husky/pre-commit', /inside \.husky/],
      ['.githooks/pre-push', /inside \.githooks/],
      ['.pre-commit-config.yaml', /inside \.pre-commit-config\.yaml/],
      ['.aspm/ignore.yaml', /inside \.aspm/],
      ['.devcontainer/devcontainer.json', /inside \.devcontainer/],
      ['.npmrc', /inside \.npmrc/],
      ['.yarnrc.yml', /inside \.yarnrc\.yml/],
      ['.gitlab-ci.yml', /inside \.gitlab-ci\.yml/],
      ['../outside.txt', /"\.\." segments/],
      ['src/../.git/config', /"\.\." segments/],
      ['./package.json', /"\." or "\.\." segments/],
      ['src//a.ts', /empty/],
      ['src/', /empty/],
      ['/etc/passwd', /not a plain repository-relative path/],
      ['C:/Users/dev/.ssh/id_rsa', /not a plain repository-relative path/],
      ['c:evil.txt', /not a plain repository-relative path/],
      ['.git\\config', /not a plain repository-relative path/],
      ['src\\..\\..\\x', /not a plain repository-relative path/],
      ['file:///etc/passwd', /not a plain repository-relative path/],
      ['src/a.ts::$DATA', /not a plain repository-relative path/],
      ['%2egit/config', /URL-encoded/],
      ['.git%2Fconfig', /URL-encoded/],
      ['src/%2E%2E/%2E%2E/x', /URL-encoded/],
      ['.git./config', /Windows reads as another name/],
      ['.git /config', /Windows reads as another name/],
      ['GIT~1/config', /Windows reads as another name/],
      ['.g\u200cit/config', /control or invisible/],
      ['.git\u0000/config', /control or invisible/],
      ['src/\u202eexe.ts', /control or invisible/],
      ['src/a\nb.ts', /control or invisible/],
      ['\ufeffpackage.json', /control or invisible/],
      ['', /not a file path/],
      ['a/'.repeat(3000), /not a file path/],
    ];
    for (const [path, reason] of invalid) {
      assert.match(protectedPathReason(path) ?? '(allowed)', reason, JSON.stringify(path));
    }
  });
});
