// The skipped rule is skipped everywhere, with its reason, and never reported as passed.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\'')
assert !log.contains('EP201 WARNING')

def reports = new File(basedir, 'target/ecs-preflight')
def report = new groovy.json.JsonSlurper().parse(new File(reports, 'report.json'))
def ep201 = report.outcomes.find { it.rule == 'EP201' }
assert ep201.outcome == 'SKIPPED'
assert ep201.reason.contains('skipRules')
assert report.outcomes.find { it.rule == 'EP001' }.outcome == 'PASSED'
assert report.outcomes.size() == 27

def sarif = new groovy.json.JsonSlurper().parse(new File(reports, 'report.sarif'))
def invocation = sarif.runs[0].invocations[0]
assert invocation.ruleConfigurationOverrides*.descriptor*.id == ['EP201']
assert invocation.ruleConfigurationOverrides[0].configuration.enabled == false
assert sarif.runs[0].properties.outcomes.find { it.rule == 'EP201' }.outcome == 'SKIPPED'
assert sarif.runs[0].results == []

def suite = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-ecs-preflight.xml'))
assert suite.@name == 'ecs-preflight.a-placeholder-image-skips-ep201'
def testcase = suite.testcase.find { it.@name.text().startsWith('EP201 ') }
assert testcase.skipped.size() == 1
assert testcase.skipped.@message.text().contains('skipRules')
assert suite.@skipped.text().toInteger() >= 1
assert suite.testcase.find { it.@name.text().startsWith('EP001 ') }.skipped.size() == 0
return true
