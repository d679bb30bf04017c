/** Where the check gallery lives and the interpreter that runs it (Debian's, with torch). */
import { join } from 'node:path';

export const GALLERY = join(__dirname, '..', '..', '..', 'fixtures', 'check');
export const PYTHON = '/usr/bin/python3';
