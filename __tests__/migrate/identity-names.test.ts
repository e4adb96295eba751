import { identityNames } from '../../migrate/identity-names';

describe('identity names derived from role names', () => {
  test('are DNS labels: lower case, each run of other characters one "-", no "-" at the ends', () => {
    expect([
      ...identityNames(['AmazonEKS_EBS_CSI_DriverRole', 'web+api@prod', '--edge--', 'a..b']),
    ]).toEqual([
      ['--edge--', 'edge'],
      ['AmazonEKS_EBS_CSI_DriverRole', 'amazoneks-ebs-csi-driverrole'],
      ['a..b', 'a-b'],
      ['web+api@prod', 'web-api-prod'],
    ]);
  });

  test('are unique: a name already given gets -2, -3, ... in the order of the role names', () => {
    expect([...identityNames(['a_b', 'a.b', 'a-b', 'A-B'])]).toEqual([
      ['A-B', 'a-b'],
      ['a-b', 'a-b-2'],
      ['a.b', 'a-b-3'],
      ['a_b', 'a-b-4'],
    ]);
  });

  test('never take a name the AWS stack keeps for its own constructs, which the reader refuses', () => {
    expect([...identityNames(['Backend', 'aws', 'current-reader', 'roles'])]).toEqual([
      ['Backend', 'backend-2'],
      ['aws', 'aws-2'],
      ['current-reader', 'current-reader'],
      ['roles', 'roles-2'],
    ]);
  });

  test('are the same whatever order the roles are listed in', () => {
    const names = ['a_b', 'web', 'a.b', 'Web', 'x'];
    expect([...identityNames([...names].reverse())]).toEqual([...identityNames(names)]);
  });

  test('keep within 63 characters, the suffix included', () => {
    const long = `${'r'.repeat(62)}-x`;
    const names = identityNames([long, `${'r'.repeat(62)}_y`, `${'r'.repeat(63)}z`]);
    expect([...names.values()]).toEqual(['r'.repeat(62), `${'r'.repeat(61)}-2`, 'r'.repeat(63)]);
    for (const name of names.values()) expect(name.length).toBeLessThanOrEqual(63);
  });

  test('name a role with no letter or digit "role"', () => {
    expect(identityNames(['__', '@@']).get('@@')).toBe('role');
    expect(identityNames(['__', '@@']).get('__')).toBe('role-2');
  });
});
