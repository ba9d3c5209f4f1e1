// The data worker thread (bundled as dist/engine/dataWorker.js): loads, preprocesses, samples and augments batches
// on the second core while the main thread trains. It answers requests one at a time, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { BatchMaker } from './batchMaker';
import type { DataWorkerInit, DataWorkerReply, DataWorkerRequest } from './dataWorkerProtocol';
import { loadDataset } from './loadDataset';

const port = parentPort;
if (!port) throw new Error('dataWorker.ts runs as a worker thread only');
const init = workerData as DataWorkerInit;
const maker = loadDataset(init.config, { baseDir: init.baseDir }).then((ds) => new BatchMaker(ds, init.options));
maker.catch(() => undefined); // a bad dataset is reported per request below, not as a crash of the thread
let queue: Promise<void> = Promise.resolve();

port.on('message', (msg: DataWorkerRequest) => {
  switch (msg.type) {
    case 'batch':
      queue = queue.then(async () => {
        let reply: DataWorkerReply;
        try {
          const batch = await (await maker).make(msg.kind, msg.index);
          reply = { type: 'batch', batch };
          // Transfer, not copy: the buffers are fresh per batch and unused here afterwards.
          const transfer = [batch.image.buffer as ArrayBuffer, ...(batch.label ? [batch.label.buffer as ArrayBuffer] : [])];
          port.postMessage(reply, transfer);
        } catch (err) {
          reply = { type: 'error', kind: msg.kind, index: msg.index, message: err instanceof Error ? err.message : String(err) };
          port.postMessage(reply);
        }
      });
      break;
    default:
      console.error(`dataWorker: unknown message ${JSON.stringify(msg)}`);
  }
});
