// Skipped: the build passes, reads nothing and writes no report.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight: skipped (ecsPreflight.skip)')
assert !new File(basedir, 'target/ecs-preflight/report.json').exists()
return true
