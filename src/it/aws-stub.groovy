// Shared by the live stories' prebuild.groovy (evaluated with their binding, so basedir is the story's own).
// ECS, IAM and CloudWatch Logs for this build: a loopback server answering their wire formats (AWS JSON 1.1 by
// X-Amz-Target, IAM's query protocol by Action) with the answers under aws/, counting every request in aws-requests.log.
// The account it stands for: an execution role with the managed policy (IAM's simulator allows every action asked
// about), trusted by ecs-tasks.amazonaws.com, and every log group asked about exists.
// It runs in the invoker's JVM for as long as the build; the build's own Maven learns its address from
// .mvn/maven.config, as -Daws.endpointUrlEcs and -Daws.endpointUrlIam (the system properties of the SDK's
// AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL_IAM): the port is only known now, too late for invoker.properties.
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.Executors

def answers = [
    'DescribeTaskDefinition': ['application/x-amz-json-1.1', new File(basedir, 'aws/describe-task-definition.json').text],
    'SimulatePrincipalPolicy': ['text/xml', new File(basedir, 'aws/simulate-principal-policy.xml').text],
]
def requests = new File(basedir, 'aws-requests.log')
requests.text = ''

def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
server.executor = Executors.newCachedThreadPool({ r -> def t = new Thread(r, 'aws-stub'); t.daemon = true; t })
server.createContext('/', { exchange ->
    def body = exchange.requestBody.text
    def target = exchange.requestHeaders.getFirst('X-Amz-Target')
    def operation = target != null ? target.substring(target.indexOf('.') + 1)
            : (body =~ /(?:^|&)Action=([A-Za-z]+)/).with { it.find() ? it.group(1) : '?' }
    synchronized (requests) {
        requests << "${operation} ${exchange.requestHeaders.getFirst('Authorization')} ${body}\n"
    }
    def answer = answers[operation]
    if (operation == 'SimulatePrincipalPolicy') {
        def decode = { URLDecoder.decode(it, 'UTF-8') }
        def actions = (body =~ /ActionNames\.member\.\d+=([^&]+)/).collect { decode(it[1]) }
        def resource = (body =~ /ResourceArns\.member\.1=([^&]+)/).with { it.find() ? decode(it.group(1)) : '*' }
        def results = actions.collect { action ->
            "<member><EvalActionName>${action}</EvalActionName><EvalResourceName>${resource}</EvalResourceName>" +
                    "<EvalDecision>allowed</EvalDecision><MatchedStatements/><MissingContextValues/></member>"
        }.join('')
        answer = ['text/xml', '<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
                "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${results}" +
                '</EvaluationResults></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>']
    } else if (operation == 'GetRole') {
        def trust = URLEncoder.encode('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":' +
                '{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}', 'UTF-8')
        answer = ['text/xml', '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>' +
                '<Path>/</Path><RoleName>ecsTaskExecutionRole</RoleName><RoleId>AROAEXAMPLEID1234567</RoleId>' +
                '<Arn>arn:aws:iam::123456789012:role/ecsTaskExecutionRole</Arn><CreateDate>2024-06-01T10:00:00Z' +
                "</CreateDate><AssumeRolePolicyDocument>${trust}</AssumeRolePolicyDocument></Role></GetRoleResult>" +
                '</GetRoleResponse>']
    } else if (operation == 'DescribeLogGroups') {
        def prefix = (body =~ /"logGroupNamePrefix":"([^"]+)"/).with { it.find() ? it.group(1) : '' }
        answer = ['application/x-amz-json-1.1', '{"logGroups":[{"logGroupName":"' + prefix + '"}]}']
    }
    def status = answer != null ? 200 : 400
    def bytes = (answer != null ? answer[1] : '{"__type":"InvalidAction","message":"no answer for ' + operation + '"}')
            .getBytes('UTF-8')
    exchange.responseHeaders.set('Content-Type', answer != null ? answer[0] : 'application/x-amz-json-1.1')
    exchange.sendResponseHeaders(status, bytes.length)
    exchange.responseBody.withStream { it.write(bytes) }
    exchange.close()
} as com.sun.net.httpserver.HttpHandler)
server.start()
System.properties.put('ecsPreflight.it.liveStub', server)

def endpoint = "http://127.0.0.1:${server.address.port}"
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text =
        "-Daws.endpointUrlEcs=${endpoint}\n-Daws.endpointUrlIam=${endpoint}\n-Daws.endpointUrlCloudWatchLogs=${endpoint}\n"
return true
