#!/usr/bin/env node
// `npm start`: build if needed, then run the server in this same process so signals reach it.
import { buildIfNeeded, buildWebIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();
await buildWebIfNeeded();
await import('../dist/main.js');
