#!/usr/bin/env node
// The workspace runs its TypeScript sources directly: load tsx's hooks, then the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
