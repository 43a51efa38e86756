import { ensureEngineAndImage, removeTargets } from '../targets/ensure-engine.js';

/**
 * Before the e2e project: an engine and the image, or one clear error; targets left by crashed runs are
 * removed. After it: no target of this run is left running (other runs' targets are left alone).
 */
export default function setup(): () => void {
  ensureEngineAndImage();
  removeTargets('test');
  process.env.PHANES_TEST_OWNER_PID = String(process.pid);
  return () => removeTargets('test', String(process.pid));
}
