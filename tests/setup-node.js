// The SDK's real transport must never run in tests: without credentials it leaves a 3 s timer.
process.env.SILENCE = 'true';
process.env.TCB_ENV = process.env.TCB_ENV || 'local-test';
// Nor may anything leave the machine: node-sdk's init() would probe the Tencent Cloud metadata host.
require('../local/engine/attach').keepSdkOffline();
