import { assembleMyData, MY_DATA_PARTS, type MyDataExport, type MyDataPart } from '../../shared/contracts/auth';
import { ok, type TestRuntime } from './runtime';

/**
 * The person's whole copy as the export page assembles it (hooks/use-my-data.ts): every part of
 * auth.exportMyData through the real gateway, one call each, put together by `assembleMyData`.
 */
// Loosely typed like `call()`'s answers, so a test reads any part of the copy without narrowing first.
export async function exportOf(t: TestRuntime, token: string): Promise<any> {
  const parts: MyDataPart[] = [];
  for (const part of MY_DATA_PARTS) parts.push(ok<MyDataPart>(await t.call('auth', 'exportMyData', { part }, token)));
  const whole: MyDataExport = assembleMyData(parts);
  return whole;
}
