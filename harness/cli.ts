#!/usr/bin/env node
// The command's entry: the compile cache first, then the program, so the program's modules are read through it.
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./command-line.js');
