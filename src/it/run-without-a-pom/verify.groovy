// requiresProject = false: a CI script runs the goal by its coordinates in a directory with no pom.
def work = new File(basedir, 'ci-workspace')
work.mkdirs()
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def command = [mvn, '-B', "-Dmaven.repo.local=${localRepositoryPath}",
               "io.github.ecspreflight:ecs-preflight-maven-plugin:${projectVersion}:check",
               '-DecsPreflight.image=docker-archive:../target/jib-image.tar',
               '-DecsPreflight.taskDefinition=../ecs/task-definition.json']
def process = command.execute(null, work)
def output = new StringBuilder()
process.consumeProcessOutput(output, output)
process.waitFor()
new File(basedir, 'no-pom.log').text = output.toString()
assert process.exitValue() == 1 : output
assert output.contains('EP001 ERROR')
assert output.contains('BUILD FAILURE')
assert !output.contains('s3cr3t-never-printed')
// With no pom the report goes to ./target/ecs-preflight.
def report = new groovy.json.JsonSlurper().parse(new File(work, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP001']
return true
