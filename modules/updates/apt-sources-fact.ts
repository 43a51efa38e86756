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
  description: 'apt sources as configured (apt-get indextargets)',
  // --no-release-info: every configured source, also those whose lists were never downloaded (a fresh
  // image has only some); without it apt lists only the indexes it has fetched.
  command: sh`apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null | sort -u`,
  parse: parseAptSources,
};
