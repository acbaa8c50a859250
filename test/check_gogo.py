#!/usr/bin/env python3
"""%check_gogo: lint one source file and check the diagnostics against it.

    %check_gogo [--fix] [--config-file=F] [FILECHECK-OPTION...] SOURCE
                [-- COMPILER-FLAG...]

runs `gogo-rewrite --lint [--fix] [--config-file=F] SOURCE -- COMPILER-FLAGS`
and feeds what it prints (stdout and stderr together) to `FileCheck SOURCE`
(read after --fix, which keeps every line where it was), with
`--implicit-check-not=warning: --implicit-check-not=error:` so that any
diagnostic without a CHECK line of its own fails the test: every test says
both what must fire and, by omission, what must not. FILECHECK-OPTIONs
(`--check-prefix=P`, `--allow-empty`, another `--implicit-check-not=...`)
are passed on. Fails when gogo-rewrite exits non-zero (a crash, or a file
that does not parse) or when FileCheck does.

lit.cfg.py substitutes it as `python3 check_gogo.py GOGO-REWRITE FILECHECK`.
"""
import subprocess
import sys


def main(argv):
    if len(argv) < 3:
        sys.exit('usage: check_gogo.py GOGO-REWRITE FILECHECK '
                 '[FILECHECK-OPTION...] SOURCE [-- COMPILER-FLAG...]')
    gogo_rewrite, filecheck, args = argv[0], argv[1], argv[2:]
    flags = []
    if '--' in args:
        split = args.index('--')
        args, flags = args[:split], args[split + 1:]
    def for_tool(a):
        return a == '--fix' or a.startswith('--config-file=')
    tool_options = [a for a in args if for_tool(a)]
    sources = [a for a in args if not a.startswith('-')]
    options = [a for a in args if a.startswith('-') and not for_tool(a)]
    if len(sources) != 1:
        sys.exit('check_gogo.py: expected one source file, got %r' % sources)
    source = sources[0]

    lint = subprocess.run([gogo_rewrite, '--lint'] + tool_options +
                          [source, '--'] + flags,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sys.stdout.buffer.write(lint.stdout)
    sys.stdout.flush()
    check = subprocess.run([filecheck, source,
                            '--implicit-check-not=warning:',
                            '--implicit-check-not=error:'] + options,
                           input=lint.stdout)
    if lint.returncode != 0:
        sys.exit('check_gogo.py: gogo-rewrite --lint exited with status %d'
                 % lint.returncode)
    return check.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
