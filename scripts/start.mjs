#!/usr/bin/env node
// `npm start`: build if needed, then run the server in this same process so signals reach it.
import { buildIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();
await import('../dist/main.js');
