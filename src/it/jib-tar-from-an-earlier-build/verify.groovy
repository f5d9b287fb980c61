// Build 2 refused yesterday's arm64 tar (never reporting EP001 for it) and named the fix; build 3 applied the fix
// and checked the amd64 image it had just built.
def log = new File(basedir, 'build.log').text
assert log.contains('image: target/jib-image.tar was written by an earlier build (')
assert log.contains("Jib's jib:buildTar runs after this check in this build (Maven runs verify jib:buildTar in that order)")
assert log.contains('bind jib:buildTar to package (<execution><phase>package</phase><goals><goal>buildTar</goal></goals></execution>) and run mvn verify')
assert !log.contains('EP001 ERROR')
assert log.contains('ecs-preflight: checking docker-archive:target/jib-image.tar (Jib\'s jib:buildTar output)')

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'PASSED'
assert report.image.platforms == [[os: 'linux', architecture: 'amd64', variant: null]]
assert report.taskDefinition.cpuArchitecture == 'X86_64'
return true
