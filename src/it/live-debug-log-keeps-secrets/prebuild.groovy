// ECS and IAM on loopback for this build, answering with the files under aws/: see ../aws-stub.groovy.
evaluate(new File(itDirectory, 'aws-stub.groovy'))
