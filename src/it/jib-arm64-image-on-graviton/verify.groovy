// An arm64 image on an ARM64 (Graviton) task passes, with a report that says so.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\'')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'PASSED'
assert report.taskDefinition.cpuArchitecture == 'ARM64'
assert report.findings == []
return true
