import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** One suite of one apt source, as apt itself reads the sources (both file formats, every file). */
export interface AptSource {
  readonly uri: string;
  readonly suite: string;
  readonly component: string;
}

/** Parses `apt-get indextargets` lines `URI SUITE COMPONENT` (one per Packages index). */
export function parseAptSources(output: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const line of output.split('\n')) {
    const [uri, suite, component] = line.trim().split(' ');
    if (uri && suite && component) sources.push({ uri, suite, component });
  }
  return sources;
}

export const aptSourcesFact: Fact<AptSource[]> = {
  description: 'apt sources (apt-get indextargets)',
  command: sh`apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null | sort -u`,
  parse: parseAptSources,
};
