#!/usr/bin/env node
// `npm run bench`: runs bench/run.ts through tsx (see that file for what is measured).
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
