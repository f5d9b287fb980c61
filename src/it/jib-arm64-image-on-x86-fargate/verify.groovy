// The build failed on EP001, found Jib's tar without being told, pointed at the task definition and gave Jib's fix.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight: checking docker-archive:target/jib-image.tar (Jib\'s jib:buildTar output)')
assert log.contains('EP001 ERROR')
assert log.contains('is built for linux/arm64')
assert log.contains('Fargate runs X86_64 when runtimePlatform.cpuArchitecture is absent')
assert log.contains('exec format error')
assert log.contains('Essential container in task exited')
assert log.contains('where: ecs/task-definition.json:1')
assert log.contains('<from><platforms><platform><os>linux</os><architecture>amd64</architecture></platform></platforms></from>')
assert log.contains('"cpuArchitecture": "ARM64"')
assert log.contains('-DecsPreflight.skipRules=EP001')
assert !log.contains('s3cr3t-never-printed')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.image.reference == 'docker-archive:target/jib-image.tar'
assert report.image.platforms == [[os: 'linux', architecture: 'arm64', variant: null]]
assert report.taskDefinition.cpuArchitecture == 'X86_64'
assert report.taskDefinition.requiresCompatibilities == ['FARGATE']
assert report.container == 'app'
assert report.findings*.rule == ['EP001']
assert report.findings[0].location == [file: 'ecs/task-definition.json', line: 1]
assert !new File(basedir, 'target/ecs-preflight/report.json').text.contains('s3cr3t-never-printed')
return true
