// The check found the task definition inside the module call that runs my-service, judged it with the call's inputs,
// and pointed at the module's own line.
def log = new File(basedir, 'build.log').text
assert log.contains('EP001 ERROR')
assert log.contains('where: infra/modules/ecs-service/main.tf:11')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.taskDefinition.cpuArchitecture == 'X86_64'
assert report.findings*.rule == ['EP001']
assert report.findings[0].location == [file: 'infra/modules/ecs-service/main.tf', line: 11]
return true
