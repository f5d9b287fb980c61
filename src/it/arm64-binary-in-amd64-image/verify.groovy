// The image config says amd64, so EP001 is silent; the entrypoint inside is an aarch64 ELF: EP004.
def log = new File(basedir, 'build.log').text
assert log.contains('EP004 ERROR')
assert log.contains('ARM aarch64 (arm64)')
assert log.contains('but the task runs on X86_64')
assert log.contains('GOARCH=amd64')
assert !log.contains('EP001')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.image.platforms == [[os: 'linux', architecture: 'amd64', variant: null]]
assert report.findings*.rule == ['EP004']
assert report.findings[0].message.contains('/app/hello')
return true
