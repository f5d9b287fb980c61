// An arm64 image on a Terraform task whose runtime_platform says ARM64 passes, warnings included.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\'')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'PASSED'
assert report.taskDefinition.source == 'infra'
assert report.taskDefinition.cpuArchitecture == 'ARM64'
assert report.findings == []
return true
