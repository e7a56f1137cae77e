import type { ParseProblem } from '../../model/dependency';
import type { QueryMatch } from '../../model/syntax';
import { readCompose } from './compose';
import { readDockerfile } from './dockerfile';
import type { IacFacts, IacResource, IacTool } from '../../model/iacFacts';
import { toExposureSignal, type IacSignal } from './iacSignal';
import { readKubernetes } from './kubernetes';
import { iacFindings } from './rules/index';
import { readTerraform, terraformResources } from './terraform';
import { terraformSignals } from './terraformChecks';

/** The facts of one IaC file plus what could not be read. Structurally an {@link IacFacts}. */
export interface IacAnalysis extends IacFacts {
  problems: ParseProblem[];
}

/**
 * Reads one IaC file into resources, exposure signals and built-in rule findings. Terraform needs the matches of
 * `terraformQuery` over the file (the host runs tree-sitter); the other tools parse the text here. Never throws on
 * bad input: what cannot be read becomes a problem and the rest is kept.
 */
export function analyzeIacFile(tool: IacTool, path: string, text: string, matches?: readonly QueryMatch[]): IacAnalysis {
  const read = readTool(tool, path, text, matches);
  read.signals.sort((a, b) => a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character);
  return { resources: read.resources, signals: read.signals.map(toExposureSignal), findings: iacFindings(read.signals), problems: read.problems };
}

function readTool(tool: IacTool, path: string, text: string, matches: readonly QueryMatch[] | undefined): { resources: IacResource[]; signals: IacSignal[]; problems: ParseProblem[] } {
  switch (tool) {
    case 'terraform': {
      if (!matches) {
        return { resources: [], signals: [], problems: [{ path, message: 'Terraform not analysed: no syntax tree was available' }] };
      }
      const file = readTerraform(path, matches);
      return { resources: terraformResources(path, file), signals: terraformSignals(path, file), problems: file.problems };
    }
    case 'kubernetes':
      return readKubernetes(path, text);
    case 'dockerfile':
      return readDockerfile(path, text);
    case 'compose':
      return readCompose(path, text);
  }
}
