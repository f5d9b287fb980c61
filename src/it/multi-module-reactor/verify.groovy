// Three services, built in parallel (-T 2): each checked its own image against its own task definition, wrote its own
// reports, and said so in one summary line; billing-service alone failed the build.
import groovy.json.JsonSlurper
import javax.xml.parsers.DocumentBuilderFactory

// JUnit XML read with the JDK's DOM parser, as CI test-report parsers read Surefire's files.
def junit = { File file -> DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).documentElement }
def elements = { parent, String name ->
    def nodes = parent.getElementsByTagName(name)
    (0..<nodes.length).collect { nodes.item(it) }
}
def testcase = { suite, String rule -> elements(suite, 'testcase').find { it.getAttribute('name').startsWith(rule + ' ') } }

def log = new File(basedir, 'build.log').text
def lines = log.readLines()
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
assert !log.contains('not marked as thread-safe')

// One summary line per module, naming it.
def summaries = lines.findAll { it.contains('ecs-preflight PASSED') || it.contains('ecs-preflight FAILED') }
assert summaries.size() == 3 : summaries
def summary = { String module -> summaries.findAll { it.endsWith(" in module ${module}") } }
assert summary('orders-service').size() == 1
assert summary('orders-service')[0] ==~ /\[INFO\] ecs-preflight PASSED: 0 errors, 0 warnings for container 'app' of ecs\/task-definition.json with image docker-archive:target\/jib-image.tar \(\d+ ms\) in module orders-service/
assert summary('payments-service').size() == 1
assert summary('payments-service')[0] ==~ /\[INFO\] ecs-preflight PASSED: 0 errors, 1 warning for container 'app' .* in module payments-service/
assert summary('billing-service').size() == 1
assert summary('billing-service')[0] ==~ /\[ERROR\] ecs-preflight FAILED: 1 error, 0 warnings for container 'app' .* in module billing-service/

// Every module ran: the failure stopped nothing that was already due.
assert lines.any { it ==~ /\[INFO\] orders-service \.+ SUCCESS .*/ }
assert lines.any { it ==~ /\[INFO\] payments-service \.+ SUCCESS .*/ }
assert lines.any { it ==~ /\[INFO\] billing-service \.+ FAILURE .*/ }
assert !lines.any { it.contains(' SKIPPED') }
assert log.contains('on project billing-service: ecs-preflight: the image would not run on ECS (EP001)')

// GITHUB_ACTIONS=true: one workflow command per finding, at the line start, paths relative to the repository root.
def commands = lines.findAll { it.startsWith('::') }
assert commands.size() == 2 : commands
assert commands.contains('::warning file=payments-service/ecs/task-definition.json,line=9,title=EP201::No container of '
        + 'ecs/task-definition.json references the built image\'s repository \'payments-service\'; container \'app\' runs '
        + '\'123456789012.dkr.ecr.eu-west-1.amazonaws.com/legacy-payments:3.2\', so this check may judge another image '
        + 'than ECS will run.%0AFix: point container \'app\' at payments-service, or name the container with '
        + 'ecsPreflight.containerName and the image with ecsPreflight.image')
def error = commands.find { it.startsWith('::error ') }
assert error.startsWith('::error file=billing-service/ecs/task-definition.json,line=1,title=EP001::Image '
        + 'docker-archive:target/jib-image.tar is built for linux/arm64 but the task runs on X86_64')
assert error.contains('%0AFix: build for linux/amd64 with Jib')

// Each module's own report directory, with all three reports; none at the reactor's root.
assert !new File(basedir, 'target/ecs-preflight').exists()
def expected = [
        // skipped: rules not judged are never shown as passed; EP105, EP301 and EP303 need the execution role's
        // policies and trust policy, which an ECS JSON task definition does not hold, EP106 a live source to ask whether the
        // log group exists, EP011 a healthCheck and EP012 a heap, which these containers do not
        // set, EP008 a java command and EP009 a dynamically linked entrypoint (theirs is a static binary), and
        // billing's entrypoint is not read on the wrong platform
        'orders-service'  : [result: 'PASSED', rules: [], level: [], failures: 0, skipped: 8],
        'payments-service': [result: 'PASSED', rules: ['EP201'], level: ['warning'], failures: 0, skipped: 8],
        'billing-service' : [result: 'FAILED', rules: ['EP001'], level: ['error'], failures: 1, skipped: 11],
]
expected.each { module, want ->
    def reports = new File(basedir, "${module}/target/ecs-preflight")
    ['report.json', 'report.sarif', 'TEST-ecs-preflight.xml'].each { name ->
        def file = new File(reports, name)
        assert file.isFile() : "${module}: ${name}"
        assert !file.text.contains('reactor-s3cr3t-never-printed')
        assert !file.text.contains('DATABASE_PASSWORD')
    }

    def json = new JsonSlurper().parse(new File(reports, 'report.json'))
    assert json.result == want.result
    assert json.findings*.rule == want.rules
    assert json.outcomes.size() == 27
    assert json.outcomes.find { it.rule == 'EP105' } == [rule: 'EP105', outcome: 'NOT_RUN',
            reason: 'the execution role\'s policies are not in the task-definition source']

    def sarif = new JsonSlurper().parse(new File(reports, 'report.sarif'))
    assert sarif.version == '2.1.0'
    def run = sarif.runs[0]
    assert run.automationDetails.id == "ecs-preflight/${module}/"
    assert run.tool.driver.rules.size() == json.outcomes.size()
    assert run.results*.ruleId == want.rules
    assert run.results*.level == want.level
    run.results.each { result ->
        def physical = result.locations[0].physicalLocation
        assert physical.artifactLocation.uri == "${module}/ecs/task-definition.json"
        assert physical.artifactLocation.uriBaseId == '%SRCROOT%'
        assert physical.region.startLine >= 1
        assert result.locations[0].logicalLocations[0] == [name: 'docker-archive:target/jib-image.tar',
                fullyQualifiedName: 'docker-archive:target/jib-image.tar', kind: 'resource']
    }

    def suite = junit(new File(reports, 'TEST-ecs-preflight.xml'))
    assert suite.tagName == 'testsuite'
    // the module in the suite's name, so that CI tells the three apart
    assert suite.getAttribute('name') == "ecs-preflight.${module}".toString()
    assert suite.getAttribute('tests') == "${json.outcomes.size()}".toString()
    assert suite.getAttribute('errors') == '0'
    assert suite.getAttribute('failures') == "${want.failures}".toString()
    assert suite.getAttribute('skipped') == "${want.skipped}".toString()
    assert elements(suite, 'testcase').size() == json.outcomes.size()
    assert elements(suite, 'testcase').every { it.getAttribute('classname') == "ecs-preflight.${module}.app".toString() }
    assert elements(suite, 'failure').size() == want.failures
    assert elements(suite, 'skipped').size() == want.skipped
    assert elements(suite, 'property').find { it.getAttribute('name') == 'ecsPreflight.result' }
            .getAttribute('value') == want.result
}
def billing = junit(new File(basedir, 'billing-service/target/ecs-preflight/TEST-ecs-preflight.xml'))
def ep001 = testcase(billing, 'EP001')
assert ep001.getAttribute('name') == 'EP001 Image platform differs from the task\'s CPU architecture'
def failure = elements(ep001, 'failure')[0]
assert failure.getAttribute('type') == 'EP001'
assert failure.getAttribute('message').startsWith('Image docker-archive:target/jib-image.tar is built for linux/arm64')
assert failure.textContent.contains('where: ecs/task-definition.json:1')
assert elements(testcase(billing, 'EP005'), 'skipped')[0].getAttribute('message') ==
        'EP005 not checked: the image does not run on the task\'s platform (EP001)'
def payments = junit(new File(basedir, 'payments-service/target/ecs-preflight/TEST-ecs-preflight.xml'))
def ep201 = testcase(payments, 'EP201')
assert elements(ep201, 'failure').isEmpty()
assert elements(ep201, 'system-out')[0].textContent.startsWith('EP201 WARNING Task definition does not reference the built image')

assert !log.contains('reactor-s3cr3t-never-printed')
return true
