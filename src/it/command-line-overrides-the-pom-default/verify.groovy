// The command line's -DecsPreflight.taskDefinition won over the pom property, as the README's recipe says.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\'')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.taskDefinition.source == 'ecs/task-definition.json'
assert report.taskDefinition.cpuArchitecture == 'ARM64'
return true
