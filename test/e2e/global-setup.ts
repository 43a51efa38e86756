import { ensureEngineAndImage, removeTargets } from '../targets/ensure-engine.js';

/** Before the e2e project: an engine and the image, or one clear error. After it: no target left running. */
export default function setup(): () => void {
  ensureEngineAndImage();
  removeTargets('test');
  return () => removeTargets('test');
}
