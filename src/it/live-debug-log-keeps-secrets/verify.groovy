// mvn -X with temporary credentials: both modules were checked against the task definition ECS holds, with signed
// requests, and the debug log shows Maven's and the plugin's debug lines but no signed request, header or token.
System.properties.remove('ecsPreflight.it.liveStub')?.stop(0)

def requests = new File(basedir, 'aws-requests.log').readLines()
def operations = requests.collect { it.split(' ')[0] }
assert operations.count('DescribeTaskDefinition') == 1 : "one ECS call per task definition per build: ${operations}"
// IAM's simulator once per distinct resource for the whole build: the log group, ECR's token, each repository
def asked = requests.findAll { it.startsWith('SimulatePrincipalPolicy ') }
        .collect { (it =~ /ResourceArns\.member\.1=([^&]+)/)[0][1] }
assert asked.size() == asked.unique(false).size() : "one IAM question per resource per build: ${asked}"
assert asked.contains('*')
assert operations.count('GetRole') == 1 : "one trust-policy read per role per build: ${operations}"
assert operations.findAll { !(it in ['DescribeTaskDefinition', 'SimulatePrincipalPolicy', 'GetRole', 'DescribeLogGroups']) }
        .isEmpty() : operations
requests.each {
    assert it.contains(' AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/')
    assert !it.contains('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKESECRET')
}
def describe = requests.find { it.startsWith('DescribeTaskDefinition ') }
assert describe.contains('/eu-west-1/ecs/aws4_request')
assert describe.endsWith('{"taskDefinition":"orders:3"}')
def simulate = requests.find { it.startsWith('SimulatePrincipalPolicy ') && it.contains('log-group') }
assert simulate.contains('PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FecsTaskExecutionRole')
assert simulate.contains('ActionNames.member.1=logs%3ACreateLogStream')
assert simulate.contains('ResourceArns.member.1=arn%3Aaws%3Alogs%3Aeu-west-1%3A123456789012%3Alog-group%3A%2Fecs%2Forders%3A*')

def log = new File(basedir, 'build.log').text
// -X took effect for Maven and for the plugin...
assert log.contains('[DEBUG]')
// ...but the libraries that print signed requests and their headers kept to WARN
// Maven itself lists the environment under -X (maven-resources-plugin's "properties used"): that is Maven's own
// output, and the only place the token may stand; no line of the plugin or of a library it runs shows it. Maven 3
// prints the dump as one line ("properties used {...}"), Maven 4 as a block of "KEY: VALUE" lines after
// "properties used:".
def mavensOwn = { List<String> lines ->
    def own = [] as Set
    boolean dump = false
    lines.eachWithIndex { line, i ->
        if (line.startsWith('[DEBUG] properties used {')) {
            own << i
        } else if (line == '[DEBUG] properties used:') {
            dump = true
        } else if (dump && line ==~ /\[DEBUG\] [A-Za-z0-9_.\-]+: .*/ && !line.startsWith('[DEBUG] ecs-preflight')) {
            own << i
        } else {
            dump = false
        }
    }
    own
}
def lines = log.readLines()
def own = mavensOwn(lines)
def leaks = (0..<lines.size()).findAll { !(it in own) && lines[it].contains('IQoJb3JpZ2luX2VjEJr-session-token-canary-never-printed') }
        .collect { lines[it] }
assert leaks.isEmpty() : leaks
assert !log.contains('Canonical Request')
assert !log.contains('x-amz-security-token')
assert !log.contains('AWS4-HMAC-SHA256 Credential=')
// ...and the plugin's own debug lines say what it opened, read and asked, by name and status only
assert log.contains('[DEBUG] ecs-preflight: opening image docker-archive:')
assert log =~ /\[DEBUG\] ecs-preflight: image docker-archive:\S+: read \d+ bytes of \S+/
assert log.contains('[DEBUG] ecs-preflight: reading taskDefinition ecs:orders:3')
assert log.contains('[DEBUG] ecs-preflight: taskDefinition ecs:orders:3: 1 task definition: ')
assert log =~ /\[DEBUG\] ecs-preflight: AWS ecs:DescribeTaskDefinition http:\/\/127\.0\.0\.1:\d+: HTTP 200/
assert log =~ /\[DEBUG\] ecs-preflight: AWS iam:SimulatePrincipalPolicy http:\/\/127\.0\.0\.1:\d+: HTTP 200/
assert log =~ /\[DEBUG\] ecs-preflight: AWS iam:GetRole http:\/\/127\.0\.0\.1:\d+: HTTP 200/
assert log.contains("ecs-preflight PASSED: 0 errors, 0 warnings for container 'api'")
assert log.contains('BUILD SUCCESS')
['wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKESECRET', 's3cr3t-never-printed'].each { secret ->
    def found = (0..<lines.size()).findAll { !(it in own) && lines[it].contains(secret) }.collect { lines[it] }
    assert found.isEmpty() : found
}
return true
