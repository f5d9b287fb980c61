// An arm64 image on the ARM64 task definition taskDefinitionResource names in a CloudFormation template passes.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\' of cloudformation/service.yaml')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'PASSED'
assert report.taskDefinition.family == 'my-service'
assert report.taskDefinition.cpuArchitecture == 'ARM64'
assert report.container == 'app'
assert report.findings == []
return true
