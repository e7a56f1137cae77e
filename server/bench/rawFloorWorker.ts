// A thread of the raw floor's worker variant (rawFloor.ts): runs the floor over its chunk and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { wasmLocator } from '../src/host/wasmLocator';
import { runFloorInThread, type FloorWorkerData } from './rawFloor';

const data = workerData as FloorWorkerData;
void runFloorInThread(data.files, wasmLocator(data.wasmDir)).then((run) => parentPort!.postMessage(run));
