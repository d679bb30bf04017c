// Ends what a harness started when it is interrupted (Ctrl-C, a CI timeout's SIGTERM) or crashes.
export function onAbort(cleanup) {
  let done = false;
  const handler = (why, code) => async () => {
    if (done) return;
    done = true;
    console.error(`\nharness: ${why}; stopping code-server and the browser`);
    await cleanup();
    process.exit(code);
  };
  process.once('SIGINT', handler('interrupted', 130));
  process.once('SIGTERM', handler('terminated', 143));
  process.once('SIGHUP', handler('hung up', 129));
}
