// Both modules were checked against the task definition ECS holds, asked once for the whole parallel build, with
// signed requests, and IAM's simulator judged the execution role; no key or secret reached the log or a report.
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
assert log.contains("ecs-preflight PASSED: 0 errors, 0 warnings for container 'api'")
assert log.contains("ecs-preflight PASSED: 0 errors, 0 warnings for container 'migrate'")
assert log.contains('BUILD SUCCESS')
['wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKESECRET', 'AKIAIOSFODNN7EXAMPLE', 's3cr3t-never-printed'].each { secret ->
    assert !log.contains(secret)
}

['orders-api': 'api', 'orders-migrate': 'migrate'].each { module, container ->
    def file = new File(basedir, "${module}/target/ecs-preflight/report.json")
    def report = new groovy.json.JsonSlurper().parse(file)
    assert report.result == 'PASSED'
    assert report.container == container
    assert report.taskDefinition.source == 'ecs:orders:3'
    assert report.taskDefinition.family == 'orders'
    assert report.taskDefinition.revision == 3
    assert report.taskDefinition.cpuArchitecture == 'ARM64'
    assert report.findings == []
    assert !file.text.contains('s3cr3t-never-printed')
}
return true
