#!/usr/bin/env node
import('../dist/src/http/server.js')
