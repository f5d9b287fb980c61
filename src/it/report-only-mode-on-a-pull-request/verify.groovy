// Report-only: EP001 is logged as the error it is, the build passes, and each report says the check failed.
def log = new File(basedir, 'build.log').text
assert log.contains('EP001 ERROR')
assert log.contains('ecs-preflight FAILED: 1 error, 0 warnings for container \'app\'')
assert log.contains('ecs-preflight: failOnError is false (report-only): the build passes; see the findings above and ')
assert log.contains('BUILD SUCCESS')
assert !log.contains('BUILD FAILURE')

def reports = new File(basedir, 'target/ecs-preflight')
def report = new groovy.json.JsonSlurper().parse(new File(reports, 'report.json'))
assert report.result == 'FAILED'
assert report.findings*.rule == ['EP001']
assert report.outcomes.find { it.rule == 'EP001' }.outcome == 'FAILED'

def sarif = new groovy.json.JsonSlurper().parse(new File(reports, 'report.sarif'))
assert sarif.runs[0].results*.ruleId == ['EP001']
assert sarif.runs[0].results[0].level == 'error'
assert sarif.runs[0].properties.result == 'FAILED'

def junit = new File(reports, 'TEST-ecs-preflight.xml').text
assert junit.contains('name="ecs-preflight.report-only-mode-on-a-pull-request"')
assert junit =~ /failures="1"/
return true
