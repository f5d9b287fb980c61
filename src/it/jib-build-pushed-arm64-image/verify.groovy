// The pushed image was found through jib-image.json, by digest, and judged by its config in the registry.
def registry = System.getenv('ECS_PREFLIGHT_REGISTRY')
def log = new File(basedir, 'build.log').text
def pushed = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/jib-image.json'))
def reference = "docker://${registry}/my-service:1.0@${pushed.imageDigest}"
assert log.contains("ecs-preflight: checking ${reference}")
assert log.contains('EP001 ERROR')
assert log.contains('is built for linux/arm64')
assert !log.contains('s3cr3t-never-printed')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ecs-preflight/report.json'))
assert report.result == 'FAILED'
assert report.image.reference == reference
assert report.image.digest == pushed.imageDigest
assert report.image.platforms == [[os: 'linux', architecture: 'arm64', variant: null]]
assert report.findings*.rule == ['EP001']
return true
