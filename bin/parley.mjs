#!/usr/bin/env node
// `npx parley …` / `npm run parley -- …`: offline provisioning against the configured store.
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';

buildIfNeeded();
await import('../dist/cli/main.js');
