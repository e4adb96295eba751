import { actionsOf, resourceTypeArnOf } from '../../core/iam-actions';

/** AWS's service authorization data, as the project reads it. */
describe('resourceTypeArnOf', () => {
  test.each([
    // Its first resource type: an object through an access point (then an object).
    [
      's3:GetObject',
      'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}',
    ],
    ['S3:DESCRIBEJOB', 'arn:${Partition}:s3:${Region}:${Account}:job/${JobId}'],
    ['sqs:SendMessage', 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'],
  ])('gives the ARN pattern of what %s acts on', (action, arn) => {
    expect(resourceTypeArnOf(action)).toBe(arn);
  });

  test.each([
    's3:ListAllMyBuckets',
    'sqs:ListQueues',
    's3:NoSuchAction',
    'no-such-service:Get',
    '../x:y',
  ])('gives none for %s (it takes *, or is not known)', (action) => {
    expect(resourceTypeArnOf(action)).toBeUndefined();
  });

  test('agrees with the list of actions of the service', () => {
    expect(actionsOf('s3')).toContain('GetObject');
  });
});
