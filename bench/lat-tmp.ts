import * as config from './config';
import { setupLatency, startCallee } from './measure';
import { startPbxProcess } from './pbx';
const pbx = await startPbxProcess(200);
const target = {
  name: 'PBX',
  remote: pbx.remote,
  numbers: pbx.numbers,
  password: config.BENCH_PASSWORD,
};
const uas = await startCallee(target);
for (let i = 0; i < 3; i++) console.log(JSON.stringify(await setupLatency(target)));
uas.kill();
await pbx.stop();
