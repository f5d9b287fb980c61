// The build failed on EP001 at the Terraform resource to edit, and warned that the role cannot create the log group.
def log = new File(basedir, 'build.log').text
assert log.contains('EP001 ERROR')
assert log.contains('is built for linux/arm64')
assert log.contains('where: infra/main.tf:18')
assert log.contains('runtime_platform')
assert log.contains('EP105 WARNING')
assert log.contains('where: infra/iam.tf:1')
assert log.contains('logs:CreateLogGroup')
assert !log.contains('${var.db_password}')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.taskDefinition.source == 'infra'
assert report.taskDefinition.requiresCompatibilities == ['FARGATE']
assert report.container == 'app'
assert report.findings*.rule == ['EP001', 'EP105']
assert report.findings[0].location == [file: 'infra/main.tf', line: 18]
assert report.findings[1].location == [file: 'infra/iam.tf', line: 1]
assert report.findings[1].severity == 'WARNING'
return true
