import { expect } from 'chai';
import { groupsOfUser, parseGroup, principalsOfUser } from '../../src/org/index.js';

describe('candidate groups', () => {
  const unitLeader = {
    id: 'user-1',
    unitId: 'unit-tcbc',
    organId: '000.00.12.H26',
    roles: ['unit_leader', 'analyst'] as const,
  };

  it('unit leader groups', () => {
    // given a unit leader who is also an analyst
    // when their groups are listed
    const groups = groupsOfUser(unitLeader);

    // then the unit group comes first, the leader group is per unit and the analyst group per agency
    expect(groups).to.deep.equal([
      'unit:unit-tcbc',
      'unit-leader:unit-tcbc',
      'analyst:000.00.12.H26',
    ]);
  });

  it('principals add the user', () => {
    // given the same user
    // when their principals are listed
    const principals = principalsOfUser(unitLeader);

    // then the user comes first and every group is prefixed
    expect(principals[0]).to.equal('user:user-1');
    expect(principals.slice(1)).to.deep.equal(
      groupsOfUser(unitLeader).map((group) => `group:${group}`),
    );
  });

  it('parses kind and id', () => {
    // given groups with and without an id
    // then only well-formed groups parse, and the id keeps its dots
    expect(parseGroup('clerk:000.00.12.H26')).to.deep.equal({ kind: 'clerk', id: '000.00.12.H26' });
    expect(parseGroup('clerk')).to.equal(undefined);
    expect(parseGroup(':x')).to.equal(undefined);
    expect(parseGroup('clerk:')).to.equal(undefined);
  });
});
