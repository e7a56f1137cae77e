import { analyzeIacFile } from '../../core/index/iac/analyzeIacFile';
import { iacToolFor } from '../../core/index/iac/iacTool';
import { terraformQuery } from '../../core/index/iac/terraform';
import type { ParseProblem } from '../../core/model/dependency';
import type { FileFacts } from '../../core/model/fileFacts';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';

/**
 * IaC files (Terraform, Kubernetes manifests, Dockerfiles, Compose files): resources, exposure signals and built-in
 * rule findings. Terraform goes through tree-sitter; the others are parsed by the core from text.
 */
export function iacIndexer(host: TreeSitterHost): SourceIndexer {
  return {
    handles: (path) => iacToolFor(path) !== undefined,
    async index(path, text): Promise<FileFacts> {
      const tool = iacToolFor(path);
      if (!tool) {
        return {};
      }
      const analysis =
        tool === 'terraform'
          ? await host.withMatches('terraform', text, [terraformQuery], ([matches]) => analyzeIacFile(tool, path, text, matches ?? []))
          : analyzeIacFile(tool, path, text);
      const { problems, ...iac } = analysis;
      const isEmpty = iac.resources.length === 0 && iac.signals.length === 0 && iac.findings.length === 0;
      return { ...(isEmpty ? {} : { iac }), ...(problems.length > 0 ? { problems: problems.map(describeProblem) } : {}) };
    },
  };
}

/** `message (line N)`: file facts carry problems as text. */
function describeProblem(problem: ParseProblem): string {
  return problem.range ? `${problem.message} (line ${problem.range.start.line + 1})` : problem.message;
}
