// The error names the archive and says it is truncated, in one line, with no stack trace.
def log = new File(basedir, 'build.log').text
def line = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal io.github.ecspreflight') }
assert line != null
assert line.contains('image docker-archive:images/my-service.tar: truncated archive')
assert !log.contains('\tat io.github.ecspreflight')
assert !log.contains('Exception:')
return true
