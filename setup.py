"""Build of codeburn's compiled kernels.

The reader is C++ compiled against the simdjson amalgamation that the
installed `pysimdjson` wheel ships (simdjson.h / simdjson.cpp in its package
directory); nothing of simdjson is copied into this repository.

Environment switches (they work through `pip install`):
  CODEBURN_DEBUG=1       boundscheck, asserts, -O0 -g, annotate
  CODEBURN_OPT_CFLAGS    optimisation flags (default -O3)
  CODEBURN_PORTABLE=1    build for any x86-64-v2 CPU instead of this machine's
                         (wheels); a source install targets the CPU it runs on
"""
import glob
import os
import platform
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


def simdjson_dir():
    try:
        import simdjson
    except ImportError as exc:  # build requirement missing: say which
        raise RuntimeError("building codeburn needs pysimdjson installed (build requirement)") from exc
    d = os.path.dirname(simdjson.__file__)
    for name in ("simdjson.h", "simdjson.cpp"):
        if not os.path.exists(os.path.join(d, name)):
            raise RuntimeError(f"pysimdjson at {d} does not ship {name}; cannot build codeburn")
    return d


def arch_flags():
    # simdjson's On-Demand API picks its SIMD kernel at compile time: without
    # an -march it falls back to scalar code, about 3x slower. A source build
    # runs where it is built, so it targets this CPU; wheels set
    # CODEBURN_PORTABLE=1 and get SSE4.2 (x86-64-v2), which every x86-64 CPU
    # of the last decade has. ARM64 has NEON in its baseline.
    machine = platform.machine().lower()
    if machine not in ("x86_64", "amd64"):
        return []
    if os.environ.get("CODEBURN_PORTABLE") == "1":
        return ["-march=x86-64-v2"]
    return ["-march=native"]


def compile_args(debug):
    if sys.platform == "win32":
        return ["/std:c++17", "/O2", "/EHsc"]
    opt = os.environ.get("CODEBURN_OPT_CFLAGS", "-O0 -g" if debug else "-O3").split()
    # -ffp-contract=off: no fused multiply-adds, so a cost computed in C++ is
    # the same double numpy computes (reports are compared to the last bit).
    return ["-std=c++17", *opt, *arch_flags(), "-ffp-contract=off", "-Wno-unused-function", "-Wno-unused-variable"]


def sqlite_found() -> bool:
    """Whether SQLite's header and library are where the compiler looks
    (the Cursor reader then reads its store straight from SQLite, see
    codeburn/_fast/includes/cb_sqlite_rows.h); CODEBURN_SQLITE=0 turns it off."""
    if os.environ.get("CODEBURN_SQLITE") == "0" or sys.platform == "win32":
        return False
    import shutil
    import subprocess
    import tempfile

    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        return False
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "probe.c")
        with open(src, "w") as f:
            f.write("#include <sqlite3.h>\nint main(void) { return sqlite3_libversion_number() > 0 ? 0 : 1; }\n")
        try:
            done = subprocess.run([cc, src, "-o", os.path.join(d, "probe"), "-lsqlite3"], capture_output=True,
                                  timeout=60)
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0


def extensions():
    import numpy
    from Cython.Build import cythonize

    debug = os.environ.get("CODEBURN_DEBUG") == "1"
    sj = simdjson_dir()
    here = os.path.dirname(os.path.abspath(__file__))
    include = [os.path.join(here, "codeburn", "_fast", "includes"), sj, numpy.get_include()]
    macros = [("NPY_NO_DEPRECATED_API", "NPY_1_22_API_VERSION"), ("CODEBURN_DEBUG", "1" if debug else "0")]
    # The headers are the reader's code: a change to one rebuilds the extensions.
    headers = sorted(glob.glob(os.path.join(here, "codeburn", "_fast", "includes", "*.h")))
    common = dict(include_dirs=include, define_macros=macros, language="c++", depends=headers,
                  extra_compile_args=compile_args(debug))
    sqlite = sqlite_found()
    reader = dict(common, define_macros=macros + [("CB_HAVE_SQLITE", "1" if sqlite else "0")],
                  libraries=["sqlite3"] if sqlite else [])
    exts = [
        Extension("codeburn._fast.reader", ["codeburn/_fast/reader.pyx", os.path.join(sj, "simdjson.cpp")], **reader),
        Extension("codeburn._fast.agg", ["codeburn/_fast/agg.pyx"], **common),
    ]
    directives = dict(language_level=3, boundscheck=debug, wraparound=False, initializedcheck=debug,
                      nonecheck=False, cdivision=True, embedsignature=True)
    return cythonize(exts, compiler_directives=directives, annotate=debug)


class build_ext_and_rules(build_ext):
    """The compiled kernels, then the bundled rules' Hyperscan databases
    beside them: a first run loads those instead of compiling the rules
    (about 0.4 s). A host that cannot load them (another CPU) compiles
    them into its cache dir, as it would without them."""

    def run(self):
        super().run()
        here = os.path.dirname(os.path.abspath(__file__))
        out = os.path.join(here if self.inplace else self.build_lib, "codeburn", "_fast")
        try:
            sys.path.insert(0, here)
            from codeburn.classify.categories import write_shipped

            for path in write_shipped(os.path.join(here, "rules"), out):
                print(f"wrote {os.path.relpath(path, here)}")
        except ImportError as exc:  # hyperscan missing from the build env: runs compile instead
            print(f"warning: rules databases not built ({exc})", file=sys.stderr)
        finally:
            sys.path.remove(here)


setup(ext_modules=extensions(), cmdclass={"build_ext": build_ext_and_rules})
