import { randomBytes } from 'node:crypto';

/**
 * Marker lines that frame facts and steps in a remote script's output. A fresh nonce per script means no
 * file or command output can forge one.
 */
export interface Markers {
  readonly nonce: string;
  begin(id: number): string;
  end(id: number): string;
  step(id: number): string;
}

export function newMarkers(nonce = randomBytes(8).toString('hex')): Markers {
  const prefix = `__PHANES_${nonce}_`;
  return {
    nonce,
    begin: (id) => `${prefix}BEGIN ${id}`,
    end: (id) => `${prefix}END ${id}`,
    step: (id) => `${prefix}STEP ${id}`,
  };
}
