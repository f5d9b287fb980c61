// The build failed on EP001 at the task definition's logical id in the CloudFormation template (RuntimePlatform is
// absent, so that is where to add it), with the CloudFormation fix; EP105 warned at the execution role, whose only
// policy, AmazonECSTaskExecutionRolePolicy, cannot create the log group awslogs-create-group asks for.
def log = new File(basedir, 'build.log').text
assert log.contains('EP001 ERROR')
assert log.contains('is built for linux/arm64')
assert log.contains('where: cloudformation/service.yaml:25 ')
assert log.contains('RuntimePlatform')
assert log.contains('exec format error')
assert log.contains('EP105 WARNING')
assert log.contains('where: cloudformation/service.yaml:12 ')
assert log.contains('logs:CreateLogGroup')
assert !log.contains('s3cr3t-never-printed')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.taskDefinition.source == 'cloudformation/service.yaml'
assert report.taskDefinition.family == 'my-service'
assert report.taskDefinition.requiresCompatibilities == ['FARGATE']
assert report.container == 'app'
assert report.findings*.rule == ['EP001', 'EP105']
assert report.findings*.severity == ['ERROR', 'WARNING']
assert report.findings*.location == [[file: 'cloudformation/service.yaml', line: 25], [file: 'cloudformation/service.yaml', line: 12]]
assert !new File(basedir, 'target/ecs-preflight/report.json').text.contains('s3cr3t-never-printed')
return true
