// `node --import ./hide-packages.mjs`: makes the packages named in PLATEN_TEST_HIDE (comma-separated)
// unresolvable, as if not installed, and appends each attempt to resolve one to PLATEN_TEST_HIDE_LOG.
// The hooks run on Node's loader thread, hence the separate module and the data passed to it.
import { register } from 'node:module';

register('./hide-packages-hooks.mjs', import.meta.url, {
  data: {
    hidden: (process.env.PLATEN_TEST_HIDE ?? '').split(',').filter(Boolean),
    log: process.env.PLATEN_TEST_HIDE_LOG ?? '',
  },
});
