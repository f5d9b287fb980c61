// The health check cannot run on the Jib image: no /bin/sh for CMD-SHELL. The finding says what ECS does then, points
// at the healthCheck line, and the container's environment values never reach the log.
def log = new File(basedir, 'build.log').text
assert log.contains('EP011 ERROR')
assert log.contains('/bin/sh is missing')
assert log.contains('Task failed container health checks')
assert log.contains('where: ecs/task-definition.json:14')
assert !log.contains('s3cr3t-never-printed')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP011']
assert report.outcomes.find { it.rule == 'EP010' }.outcome == 'PASSED'
return true
