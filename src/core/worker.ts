// Runs a CPU-bound job on a worker thread, so that the server's event loop
// (requests, machine-data ingest, the live page) never waits on it. The job
// is a module that reads `workerData` and posts one message back. Built code
// runs the module's .js file; under the test runner and `npm run dev` the
// sources are TypeScript, which the worker loads through tsx.
import { Worker } from 'node:worker_threads';

export function runInWorker<Input, Output>(module: URL, input: Input): Promise<Output> {
  const typescript = module.pathname.endsWith('.ts');
  return new Promise<Output>((resolve, reject) => {
    // Workers do not take --import from execArgv on Node 20: register tsx in the worker itself.
    const worker = typescript
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`,
          { eval: true, workerData: input },
        )
      : new Worker(module, { workerData: input });
    let settled = false;
    worker.once('message', (output: Output) => {
      settled = true;
      resolve(output);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled)
        reject(
          new Error(`the worker for ${module.pathname} exited with code ${code} before answering`),
        );
    });
  });
}

/** The URL of a sibling module, in the same language as the caller (`.ts` in sources, `.js` once built). */
export function siblingModule(caller: string, name: string): URL {
  const extension = caller.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, caller);
}
