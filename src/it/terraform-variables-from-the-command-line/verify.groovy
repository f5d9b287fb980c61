// The command line's variables win over the pom's varFiles, as terraform's -var wins over -var-file: the arm64 image
// fails on the X86_64 task, at the line that reads the variable.
def log = new File(basedir, 'build.log').text
assert log.contains('EP001 ERROR')
assert log.contains('where: infra/main.tf:11')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.taskDefinition.cpuArchitecture == 'X86_64'
assert report.findings*.rule == ['EP001']
assert report.findings[0].location == [file: 'infra/main.tf', line: 11]
return true
