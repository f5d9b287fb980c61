// The platform is right, but the essential container has no logs: EP101 at the container's line, with the fix.
def log = new File(basedir, 'build.log').text
assert log.contains('EP101 ERROR')
assert log.contains('Essential container \'app\' has no logConfiguration')
assert log.contains('"logDriver": "awslogs"')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP101']
assert report.findings[0].location == [file: 'ecs/task-definition.json', line: 9]
return true
