"""pytest plugin for libfuse's own test suite (native-tests/e2e/libfuse-pytest.sh): every example program the
suite starts gets `-o canon_arch`, so the patched libfuse runs each test with a libfusecanon session.

libfuse's test/util.py starts programs as base_cmdline + [program, args...] (base_cmdline is its valgrind
prefix, shared by reference with test_examples.py), so the plugin puts a wrapper there that adds the option
for the example filesystems and runs everything else (their *_client programs, fusermount3) unchanged."""
import os


def pytest_configure(config):
    import util  # libfuse's test/util.py, importable once its conftest.py is loaded
    wrapper = os.environ["FUSECANON_PYTEST_WRAPPER"]
    util.base_cmdline[:] = [wrapper] + util.base_cmdline
